/**
 * The module seams, checked by dependency-cruiser in `npm run lint` (see README "Architecture"):
 * - a module is a folder under server/src/modules; its index.ts is its only door;
 * - modules may depend on each other only without cycles (checked between module folders);
 * - stories that span modules live in server/src/flows, above the modules; platform and integrations sit below.
 * server/test/boundaries.test.ts shows each rule refusing a deliberate violation.
 */
const MODULE = '(^|/)modules/([^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-back-door',
      severity: 'error',
      comment: 'Another module is reached only through its door (index.ts): never its models, files or internals.',
      from: { path: MODULE },
      to: { path: '(^|/)modules/[^/]+/', pathNot: ['(^|/)modules/$2/', '(^|/)modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-module-cycle',
      scope: 'folder',
      severity: 'error',
      comment: 'Modules depend on each other in one direction; a story that needs both ways belongs in flows/.',
      from: { path: '(^|/)modules/[^/]+$' },
      to: { path: '(^|/)modules/[^/]+$', circular: true },
    },
    {
      name: 'no-flows-from-modules',
      severity: 'error',
      comment: 'flows/ sits above the modules: a module never calls a flow.',
      from: { path: '(^|/)modules/' },
      to: { path: '(^|/)flows/' },
    },
    {
      name: 'platform-below-modules',
      severity: 'error',
      comment: 'platform/ and integrations/ are plumbing: they know no business module or flow.',
      from: { path: '(^|/)(platform|integrations)/' },
      to: { path: '(^|/)(modules|flows)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file imports itself through others.',
      from: { path: '^server/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|/test/|/e2e/)' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
