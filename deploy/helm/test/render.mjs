// Renders every template of a Helm chart with Go's text/template engine, as Helm does for
// charts that use only Go's built-ins (this chart uses no Sprig functions).
//   node render.mjs CHART_DIR < context.json  >  {"templates/x.yaml": "rendered", ...}
// context.json holds the objects Helm passes to templates: Values, Release, Chart.
import { parse } from '@evertdespiegeleer/go-template';
import fs from 'node:fs';
import path from 'node:path';

const chartDir = process.argv[2];
const context = JSON.parse(fs.readFileSync(0, 'utf8'));
const templatesDir = path.join(chartDir, 'templates');
const files = fs.readdirSync(templatesDir).sort();
// Helm parses every file of templates/ into one set: the helpers' definitions are visible to all.
const helpers = files.filter((file) => file.startsWith('_')).map((file) => fs.readFileSync(path.join(templatesDir, file), 'utf8')).join('\n');
const rendered = {};
for (const file of files.filter((name) => !name.startsWith('_'))) {
  const text = fs.readFileSync(path.join(templatesDir, file), 'utf8');
  rendered[`templates/${file}`] = await parse(helpers + text, context);
}
process.stdout.write(JSON.stringify(rendered));
