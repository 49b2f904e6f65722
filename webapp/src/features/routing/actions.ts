import type { RuleAction } from '../../api/types';

// The rule actions of docs/routing.md, as rows of the action editor.

export type ActionType = 'route' | 'set-header' | 'remove-header' | 'set-session-property' | 'add-client-tag' | 'reject';

export interface ActionRow {
  type: ActionType;
  first: string;
  second: string;
}

export const ACTION_TYPES: Array<{ type: ActionType; label: string; first: string; second?: string }> = [
  { type: 'route', label: 'Route to group', first: 'Group' },
  { type: 'set-session-property', label: 'Set session property', first: 'Property', second: 'Value' },
  { type: 'add-client-tag', label: 'Add client tag', first: 'Tag' },
  { type: 'set-header', label: 'Set header', first: 'Header', second: 'Value' },
  { type: 'remove-header', label: 'Remove header', first: 'Header' },
  { type: 'reject', label: 'Reject with message', first: 'Message' },
];

export function toRow(action: RuleAction): ActionRow {
  if ('route' in action) {
    return { type: 'route', first: action.route, second: '' };
  }
  if ('set-header' in action) {
    return { type: 'set-header', first: action['set-header'].name, second: action['set-header'].value };
  }
  if ('remove-header' in action) {
    return { type: 'remove-header', first: action['remove-header'], second: '' };
  }
  if ('set-session-property' in action) {
    return { type: 'set-session-property', first: action['set-session-property'].name, second: action['set-session-property'].value };
  }
  if ('add-client-tag' in action) {
    return { type: 'add-client-tag', first: action['add-client-tag'], second: '' };
  }
  return { type: 'reject', first: action.reject, second: '' };
}

export function toAction(row: ActionRow): RuleAction {
  switch (row.type) {
    case 'route':
      return { route: row.first.trim() };
    case 'set-header':
      return { 'set-header': { name: row.first.trim(), value: row.second } };
    case 'remove-header':
      return { 'remove-header': row.first.trim() };
    case 'set-session-property':
      return { 'set-session-property': { name: row.first.trim(), value: row.second } };
    case 'add-client-tag':
      return { 'add-client-tag': row.first.trim() };
    case 'reject':
      return { reject: row.first };
  }
}
