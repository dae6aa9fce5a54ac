declare module 'node-gyp-build' {
  /** Loads the addon for the package at `dir` (prebuilds/ or build/Release). */
  function load(dir: string): unknown;
  export = load;
}
