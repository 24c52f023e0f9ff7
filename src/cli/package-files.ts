// Files of the installed package (package.json, the demo catalog), found from this module: it sits
// two folders below the package root both as tsc compiles it (dist/cli/) and in the bundle that
// bin/ runs (dist/bundle/, one chunk for any module), so the same path works in both.

/** A file or folder of the package, given from its root. */
export function packageFile(relative: string): URL {
  return new URL(`../../${relative}`, import.meta.url);
}
