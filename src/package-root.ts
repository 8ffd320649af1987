// The package's root folder. This module sits one level below it both as src/package-root.ts and
// inside the bundled dist/main.js, so paths built from here hold in every way the mock is run.
export const packageRoot = new URL('../', import.meta.url)
