/**
 * Named permissions. Each admin route declares exactly one; roles are sets of them. A role of "*" holds all.
 * The route walk test refuses an admin route whose permission is not listed here.
 */
export const PERMISSIONS = {
  'catalog:read': 'See products, SKUs and stock',
  'catalog:write': 'Create and change products, SKUs, prices and listings',
  'inventory:read': 'See stock, the stock ledger and low-stock alerts; export stock',
  'inventory:write': 'Move stock (inbound, outbound, adjustment, import), set thresholds and caps, acknowledge alerts',
  'orders:read': 'See all orders',
  'orders:write': 'Change orders (ship, cancel, remark)',
  'members:read': 'See members',
  'members:write':
    'Change members: rebind a referrer, correct a profile, set a level or points by hand, edit the level ladder (with a reason)',
  'members:reveal': 'See a member ID number in clear (each reveal is audited)',
  'promotion:read': 'See promotion figures (shares, opens, attributed members and orders) per promoter and team',
  'audit:read': 'Read the admin audit log',
  'queues:manage': 'See and retry background jobs (Bull Board)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const ROLES: Record<string, readonly (Permission | '*')[]> = {
  super_admin: ['*'],
  operator: [
    'catalog:read',
    'catalog:write',
    // operators run the shop day to day: they see and move stock too (the warehouse role does only that)
    'inventory:read',
    'inventory:write',
    'orders:read',
    'orders:write',
    'members:read',
    'members:write',
    'promotion:read',
  ],
  customer_service: ['orders:read', 'members:read', 'catalog:read', 'inventory:read'],
  auditor: ['audit:read', 'orders:read', 'catalog:read', 'inventory:read', 'members:read', 'promotion:read'],
  warehouse: ['catalog:read', 'inventory:read', 'inventory:write'],
};

export function isKnownPermission(name: string): name is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name);
}

export function permissionsOf(role: string): Permission[] {
  const granted = ROLES[role] ?? [];
  return granted.includes('*') ? (Object.keys(PERMISSIONS) as Permission[]) : (granted as Permission[]);
}

export function roleHas(role: string, permission: string): boolean {
  return permissionsOf(role).some((p) => p === permission);
}
