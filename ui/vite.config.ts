/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The Tauri shell loads ui/dist (frontendDist: ../ui/dist); no dev server is needed by it.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    target: "es2021",
    sourcemap: false,
  },
  // component tests mount the client (browser) build of Svelte
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
    pool: "threads",
    maxWorkers: 1,
  },
}));
