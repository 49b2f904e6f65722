// The admin API's shapes, as agreed in API-CONTRACTS.md and docs/api.md. Fields that other
// parts of Junction add later are optional here: the console shows "—" while they are absent.

export type Lifecycle = 'ACTIVE' | 'DRAINING' | 'INACTIVE';
export type Role = 'admin' | 'operator' | 'viewer';

export interface ClusterLive {
  health: string;
  healthReason?: string;
  healthSince?: string;
  inFlight: number;
  drained: boolean;
  runningQueries?: number | null;
  queuedQueries?: number | null;
  loadSource?: string | null;
  loadUpdatedAt?: string | null;
}

export interface Cluster {
  name: string;
  uri: string;
  externalUri?: string;
  routingGroup: string;
  state: Lifecycle;
  forwardedHeaders: boolean;
  live?: ClusterLive;
  // fleet load fields (may be given per cluster at the top level or inside "live")
  runningQueries?: number | null;
  queuedQueries?: number | null;
  loadSource?: string | null;
  loadUpdatedAt?: string | null;
}

export interface ClusterInput {
  name: string;
  uri: string;
  routingGroup: string;
  externalUri?: string;
  state?: Lifecycle;
  forwardedHeaders?: boolean;
}

export interface GroupTotals {
  clusters: number;
  acceptingNewQueries: number;
  inFlight: number;
}

export interface Fleet {
  storeVersion?: number;
  clusters: number;
  healthy: number;
  acceptingNewQueries: number;
  inFlight: number;
  groups: Record<string, GroupTotals>;
  clusterDetails: Cluster[];
}

export type GroupPolicy = 'least-loaded' | 'round-robin' | 'weighted' | 'consistent-hash';

export interface RoutingGroup {
  name: string;
  description?: string;
  declared?: boolean;
  policy?: string;
  fallback?: string | null;
  weights?: Record<string, number>;
  hashKey?: string;
  clusters: string[];
}

export type RuleAction =
  | { route: string }
  | { 'set-header': { name: string; value: string } }
  | { 'remove-header': string }
  | { 'set-session-property': { name: string; value: string } }
  | { 'add-client-tag': string }
  | { reject: string };

export interface Rule {
  name: string;
  description?: string;
  priority: number;
  condition: string;
  continue: boolean;
  actions: RuleAction[];
}

export interface RuleSetView {
  source: 'store' | 'file';
  /** null or absent before the first version */
  version?: number | null;
  editable: boolean;
  rules: Rule[];
}

export interface RuleProblem {
  rule?: string;
  message: string;
}

export interface Validation {
  valid: boolean;
  errors: RuleProblem[];
}

export interface RuleVersionSummary {
  version: number;
  createdAt: string;
  createdBy: string;
  comment?: string | null;
  ruleCount: number;
}

export interface RuleVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  comment?: string | null;
  rules: Rule[];
}

export interface DryRunRequest {
  headers: Record<string, string>;
  sql?: string;
  remoteAddress?: string;
}

export interface DryRunAnswer {
  decision: 'ROUTED' | 'REJECTED';
  routingGroup: string;
  matchedRules: string[];
  cluster?: string;
  reason: string;
  rejection?: string;
  headerEdits?: Array<{ set?: string; remove?: string; value?: string }>;
  sqlFacts?: {
    parsed: boolean;
    error?: string;
    statementType: string;
    catalogs: string[];
    schemas: string[];
    tables: string[];
  };
}

export interface QueryRecord {
  queryId: string;
  user: string;
  source?: string | null;
  clientTags: string[];
  routingGroup: string;
  rule?: string | null;
  cluster: string;
  sql: string;
  sqlTruncated: boolean;
  submittedAt: string;
  state: string;
  finishedAt?: string | null;
  elapsedMillis?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  junctionNode?: string | null;
  decision?: Record<string, unknown>;
}

export interface HistoryPage {
  queries: QueryRecord[];
  nextBefore: string | null;
}

export interface AuditEntry {
  id: number;
  changedAt: string;
  actor: string;
  change: string;
  entityType: string;
  entityName: string;
  beforeJson?: string;
  afterJson?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore?: number | null;
}

export interface Me {
  user: string | null;
  roles: Role[];
  authenticated: boolean;
  loginMethods: string[];
  csrfToken?: string;
}

export interface Info {
  version: string;
  nodeId?: string;
  proxyUri: string;
  startedAt: string;
}
