// Stands in for the modules conf imports for features jasper-push never asks for: ajv and
// ajv-formats validate a `schema`, semver orders `migrations`; src/config/profiles.ts passes
// neither. Loading them cost every start about 25 ms (a quarter of the bundle's code), so the
// bundle takes these instead (scripts/bundle.mjs). Should conf ever reach for them, say so.
function unused(name) {
  return () => {
    throw new Error(`conf used ${name}, which the jasper-push bundle leaves out (scripts/conf-unused.mjs): pass conf no schema and no migrations, or bundle ${name}`);
  };
}

export class Ajv2020 {
  constructor() {
    unused('ajv')();
  }
}
export default { default: unused('ajv-formats'), eq: unused('semver'), clean: unused('semver'), satisfies: unused('semver'), lte: unused('semver'), gt: unused('semver') };
