// Lint enforces the layering of docs/architecture (see README "Layers"):
// shared imports nothing of ours; electron/core imports shared; electron/main and
// electron/host import core and shared; electron/preload, renderer and server import
// shared only. A test of a layer may use what the layer may use.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).map((m) => `(node:)?${escape(m)}`);
const nativeAndServerPackages = ['better-sqlite3', 'pg', 'pg-[a-z-]+', '@electric-sql/[a-z-]+', 'fastify', '@fastify/[a-z-]+', 'sharp', 'ws'];
const uiPackages = ['react', 'react-dom', 'ag-grid-[a-z-]+', 'i18next', 'react-i18next'];
const electronPackage = ['electron'];

/** A relative import that reaches into the named folder. */
const layer = (name) => ({
  regex: `^\\.{1,2}/(.*/)?${escape(name)}(/|$)`,
  message: `layering: this layer may not import ${name}/ (see README, "Layers")`,
});
/** A bare import of one of the packages (or its subpaths). */
const pkgs = (names, why) => ({ regex: `^(${names.join('|')})(/.*)?$`, message: `layering: ${why}` });

function restrict(files, patterns) {
  return {
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'bench/reports/**', '.ci/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  restrict(['shared/**'], [
    layer('electron'), layer('server'), layer('renderer'), layer('resources'), layer('bench'), layer('integration'),
    pkgs(nodeBuiltins, 'shared/ is pure TypeScript: no Node built-ins'),
    pkgs([...electronPackage, ...uiPackages, ...nativeAndServerPackages], 'shared/ is pure TypeScript: no Electron, React, database or server packages'),
  ]),
  restrict(['electron/core/**'], [
    layer('main'), layer('preload'), layer('host'), layer('server'), layer('renderer'),
    pkgs(electronPackage, 'electron/core runs under plain Node and never imports electron'),
    pkgs(uiPackages, 'electron/core draws nothing'),
  ]),
  restrict(['electron/main/**'], [
    layer('preload'), layer('host'), layer('server'), layer('renderer'),
  ]),
  restrict(['electron/host/**'], [
    layer('main'), layer('preload'), layer('server'), layer('renderer'),
    pkgs(electronPackage, 'web mode runs without Electron'),
  ]),
  restrict(['electron/preload/**'], [
    layer('core'), layer('main'), layer('host'), layer('server'), layer('renderer'),
    pkgs(nodeBuiltins, 'the preload gets no Node: it only bridges invoke/on'),
    pkgs([...uiPackages, ...nativeAndServerPackages], 'the preload bridges invoke/on and nothing else'),
  ]),
  restrict(['renderer/**'], [
    layer('electron'), layer('server'), layer('resources'),
    pkgs(nodeBuiltins, 'the renderer has no Node'),
    pkgs([...electronPackage, ...nativeAndServerPackages], 'the renderer talks only to the console API'),
  ]),
  restrict(['resources/**'], [
    layer('electron'), layer('server'), layer('renderer'),
    pkgs([...electronPackage, ...uiPackages, 'better-sqlite3', 'pg', '@electric-sql/*', 'fastify'], 'resources/ holds data and generators that import shared/ only'),
  ]),
  restrict(['server/**'], [
    layer('electron'), layer('renderer'),
    pkgs([...electronPackage, ...uiPackages, 'better-sqlite3'], 'the case service imports shared/ only'),
  ]),
);
