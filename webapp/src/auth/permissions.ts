import type { Role } from '../api/types';

// What each role may do in the console. The server decides (every route declares its access,
// see docs/security.md; a refusal is a 403 the console shows); this table only hides what the
// server would refuse: operators change clusters, groups and rules, only admins read the audit log.
export type Permission =
  | 'clusters.edit' // add, edit, delete clusters
  | 'clusters.state' // activate, drain, deactivate
  | 'rules.edit' // rules: create, edit, delete, reorder, roll back
  | 'groups.edit' // routing groups
  | 'audit.view';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['clusters.edit', 'clusters.state', 'rules.edit', 'groups.edit', 'audit.view'],
  operator: ['clusters.edit', 'clusters.state', 'rules.edit', 'groups.edit'],
  viewer: [],
};

export function allows(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role]?.includes(permission) ?? false);
}
