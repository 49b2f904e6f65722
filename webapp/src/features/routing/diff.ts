import type { Rule, RuleAction } from '../../api/types';

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A line diff (longest common subsequence): what turns `before` into `after`. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lengths[i][j]: LCS length of before[i..] and after[j..]
  const lengths: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lengths[i]!;
    const next = lengths[i + 1]!;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = before[i] === after[j] ? next[j + 1]! + 1 : Math.max(next[j]!, row[j + 1]!);
    }
  }
  const result: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      result.push({ kind: 'same', text: before[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      result.push({ kind: 'removed', text: before[i]! });
      i++;
    } else {
      result.push({ kind: 'added', text: after[j]! });
      j++;
    }
  }
  while (i < n) {
    result.push({ kind: 'removed', text: before[i++]! });
  }
  while (j < m) {
    result.push({ kind: 'added', text: after[j++]! });
  }
  return result;
}

function scalar(value: string): string {
  return /^[A-Za-z0-9_.\-/ ]*$/.test(value) && value.trim() === value && value !== '' ? value : JSON.stringify(value);
}

export function actionText(action: RuleAction): string {
  const [key, value] = Object.entries(action)[0] ?? ['?', ''];
  if (typeof value === 'string') {
    return `${key}: ${scalar(value)}`;
  }
  if (typeof value === 'object' && value !== null && 'name' in value) {
    const pair = value as { name: string; value: string };
    return `${key}: {name: ${scalar(pair.name)}, value: ${scalar(pair.value)}}`;
  }
  return `${key}: ${JSON.stringify(value)}`;
}

/** Rules as YAML-like lines, in the rules file's notation, for reading and diffing. */
export function rulesText(rules: Rule[]): string[] {
  const lines: string[] = [];
  for (const rule of rules) {
    lines.push(`- name: ${scalar(rule.name)}`);
    if (rule.description) {
      lines.push(`  description: ${scalar(rule.description)}`);
    }
    lines.push(`  priority: ${rule.priority}`);
    lines.push(`  condition: ${JSON.stringify(rule.condition)}`);
    if (rule.continue) {
      lines.push('  continue: true');
    }
    lines.push('  actions:');
    for (const action of rule.actions) {
      lines.push(`    - ${actionText(action)}`);
    }
  }
  return lines;
}
