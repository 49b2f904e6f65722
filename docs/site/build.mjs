// Builds the Markdown pages of docs/ into a static HTML site: one page per .md file, links
// between pages rewritten to .html, a navigation bar from docs/README.md's list, and a check
// that every link to another page (and its #anchor) resolves. Exits non-zero on a broken link.
//   node docs/site/build.mjs [OUTPUT_DIR]      (default: target/site; JUNCTION_DOCS_DIR overrides docs/)
import { Marked } from 'marked';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const docsDir = path.resolve(process.env.JUNCTION_DOCS_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const outDir = path.resolve(process.argv[2] ?? path.join(docsDir, '..', 'target', 'site'));
const pages = fs.readdirSync(docsDir).filter((file) => file.endsWith('.md')).sort();

const slug = (text) => text.toLowerCase().replace(/<[^>]+>/g, '').replace(/[^\w\- ]+/g, '').trim().replace(/ /g, '-');
const anchors = new Map();
const links = [];

function render(page) {
  const ids = new Set();
  anchors.set(page, ids);
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const id = slug(text);
        ids.add(id);
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        let target = href;
        const match = /^([\w\-.]+)\.md(#.*)?$/.exec(href) ?? /^(#.+)$/.exec(href);
        if (match && href.startsWith('#')) {
          links.push({ page, file: page, anchor: href.slice(1) });
        } else if (match) {
          links.push({ page, file: `${match[1]}.md`, anchor: match[2]?.slice(1) });
          target = `${match[1]}.html${match[2] ?? ''}`;
        } else if (!/^(https?:|mailto:)/.test(href)) {
          // a repository file outside docs/: link to it in the source tree
          target = href;
        }
        const text = this.parser.parseInline(tokens);
        return `<a href="${target}"${title ? ` title="${title}"` : ''}>${text}</a>`;
      },
    },
  });
  return marked.parse(fs.readFileSync(path.join(docsDir, page), 'utf8'));
}

const nav = pages
  .filter((page) => page !== 'README.md')
  .map((page) => `<a href="${page.replace(/\.md$/, '.html')}">${page.replace(/\.md$/, '')}</a>`)
  .join(' · ');
const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 2rem;color:#1b1f24}
nav{padding:.5rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}code,pre{background:#f4f5f7;font-size:14px}
pre{padding:.75rem;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}`;

fs.mkdirSync(outDir, { recursive: true });
for (const page of pages) {
  const body = render(page);
  const title = /^# (.+)$/m.exec(fs.readFileSync(path.join(docsDir, page), 'utf8'))?.[1] ?? page;
  const name = page === 'README.md' ? 'index.html' : page.replace(/\.md$/, '.html');
  fs.writeFileSync(path.join(outDir, name), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Junction</title><style>${style}</style></head>
<body><nav><a href="index.html"><strong>Junction</strong></a> · ${nav}</nav>
<main>${body}</main></body></html>
`);
}
// pictures next to the pages (docs/console/*.png): copied as they are
for (const entry of fs.readdirSync(docsDir, { withFileTypes: true })) {
  if (entry.isDirectory() && entry.name !== 'site') {
    fs.cpSync(path.join(docsDir, entry.name), path.join(outDir, entry.name), { recursive: true });
  }
}
// README.md is served as index.html: links to it point there
fs.copyFileSync(path.join(outDir, 'index.html'), path.join(outDir, 'README.html'));

const broken = links.filter(({ file, anchor }) => !anchors.has(file) || (anchor && !anchors.get(file).has(anchor)));
for (const { page, file, anchor } of broken) {
  console.error(`${page}: broken link to ${file}${anchor ? '#' + anchor : ''}`);
}
console.log(`${pages.length} pages written to ${outDir}`);
process.exit(broken.length === 0 ? 0 : 1);
