/**
 * Named permissions. Each admin route declares exactly one; roles are sets of them. A role of "*" holds all.
 * Modules declare the permissions they add (ModuleDefinition.permissions); the platform adds its own here.
 * The route walk test refuses an admin route whose permission is not registered.
 */
const PLATFORM_PERMISSIONS = {
  'queues:manage': 'See and retry background jobs (Bull Board)',
} as const;

const known = new Map<string, string>(Object.entries(PLATFORM_PERMISSIONS));

/** Called once per module at startup, before any role is consulted; the same name twice must mean the same. */
export function registerPermissions(permissions: Readonly<Record<string, string>>): void {
  for (const [name, description] of Object.entries(permissions)) {
    const existing = known.get(name);
    if (existing !== undefined && existing !== description) throw new Error(`permission ${name} declared twice`);
    known.set(name, description);
  }
}

/** Every registered permission with what it allows (the admin UI and the docs list them). */
export function listPermissions(): { name: string; description: string }[] {
  return [...known].map(([name, description]) => ({ name, description }));
}

export type Permission = string;

export const ROLES: Record<string, readonly string[]> = {
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
    'sharing:read',
    'fulfilment:ship', // issue 10
    // issue 11: operators review distributor applications; the policy is the super admin's
    'distribution:read',
    'distribution:manage',
    // issue 12: operators run the group-buy campaigns
    'groupbuy:read',
    'groupbuy:write',
    // issue 12: operators run the discount activities, 满减 and member segments
    'promotions:read',
    'promotions:write',
    'segments:read',
    'segments:write',
    // issue 12: operators run coupon campaigns
    'coupons:read',
    'coupons:write',
    // issue 12: operators run the flash sales
    'flash:read',
    'flash:write',
    // issue 11: operators run the team rankings and their awards
    'team:read',
    'team:manage',
  ],
  customer_service: ['orders:read', 'members:read', 'catalog:read', 'inventory:read', 'coupons:read'],
  auditor: [
    'audit:read',
    'orders:read',
    'catalog:read',
    'inventory:read',
    'members:read',
    'sharing:read',
    'distribution:read',
    'withdrawals:read',
    'groupbuy:read', // issue 12
    'promotions:read', // issue 12
    'segments:read',
    'coupons:read',
    'flash:read', // issue 12
    'risk:read',
    'team:read', // issue 11
  ],
  warehouse: ['catalog:read', 'inventory:read', 'inventory:write', 'orders:read', 'fulfilment:ship'],
  // finance (财务): money in and out, never the catalog or members: payments and refunds on every channel, bank
  // transfers (confirm / reject, maker-checker above the limit), failed refunds sent again, the order search and
  // its xlsx export (orders:read), after-sales requests read (what a refund was for), the daily reconciliation with
  // the platforms' bills, and commissions read
  finance: [
    'payments:read',
    'payments:offline-confirm',
    'aftersales:read',
    'aftersales:refund',
    'orders:read',
    'finance:reconcile',
    'distribution:read',
    // issue 11: the withdrawal review queue (a second finance admin approves large ones), payouts and bank batches
    'withdrawals:read',
    'withdrawals:review',
    // issue 11: finance reports (income and expense, commission settlement, profit, the journal) and their exports
    'reports:read',
    'reports:export',
    // fund-risk alerts: a withdrawal they hold waits until finance resolves them
    'risk:read',
    'risk:resolve',
  ],
};

export function isKnownPermission(name: string): boolean {
  return known.has(name);
}

/** A role naming a permission no module registered is a typo that would silently grant nothing: refuse it. */
export function assertRolesKnown(): void {
  for (const [role, granted] of Object.entries(ROLES))
    for (const permission of granted)
      if (permission !== '*' && !known.has(permission))
        throw new Error(`role ${role} grants ${permission}, which no module registered`);
}

export function permissionsOf(role: string): Permission[] {
  const granted = ROLES[role] ?? [];
  return granted.includes('*') ? [...known.keys()] : [...granted];
}

export function roleHas(role: string, permission: string): boolean {
  return permissionsOf(role).some((p) => p === permission);
}
