// Folder-level cycle check of lib/ (`npm run lint:cycles`, run by CI): a cycle between two
// folders of lib is a defect (../shared/STYLE.md). The direction of imports between layers is
// the ESLint rule import/no-restricted-paths (eslint/boundaries.mjs).
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment: "Folders of lib import each other in one direction only.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    includeOnly: "^lib/",
    exclude: { path: "^lib/generated/|\\.test\\.ts$" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
