// electron-builder.yml cannot be exercised here (packaging downloads Electron), so it is loaded
// and checked: electron-builder's own schema validation, then the settings the issue requires.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveResourcesRoot } from '../../../main/services/app-services';

const ROOT = path.resolve(__dirname, '../../..');
const require = createRequire(__filename);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  npmRebuild: boolean;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  icon: string;
  linux: { target: string[]; icon: string };
  win: { target: string[] };
  mac: { target: string[] };
  electronFuses: Record<string, boolean>;
}

const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked for real: the same validation refuses an unknown key', async () => {
    await expect(validateConfiguration({ ...config, nodeIntegration: true }, new DebugLogger(false))).rejects.toThrow();
  });

  it('names the app', () => {
    expect(config.productName).toBe('Optic Bench');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('does not rebuild native modules (N-API prebuilds; a rebuild would fetch Electron headers)', () => {
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the build output and resources, and unpacks native .node files from the asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'resources/**']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.asarUnpack.join(' ')).toMatch(/sqlite3/);
    expect(config.asarUnpack.join(' ')).toMatch(/serialport/);
  });

  it('copies the module and limit libraries where the packaged app looks for them', () => {
    const root = resolveResourcesRoot({ isPackaged: true, resourcesPath: '/opt/Optic Bench/resources', appRoot: '/ignored' });
    for (const lib of ['modules', 'limits']) {
      const entry = config.extraResources.find((e) => e.from === `resources/${lib}`);
      expect(entry, lib).toBeDefined();
      // main reads <resourcesRoot>/<lib>; the packaged resourcesRoot is process.resourcesPath.
      expect(path.join(root, entry?.to ?? '')).toBe(path.join('/opt/Optic Bench/resources', lib));
      expect(existsSync(path.join(ROOT, 'resources', lib))).toBe(true);
    }
    expect(resolveResourcesRoot({ isPackaged: false, resourcesPath: undefined, appRoot: ROOT })).toBe(path.join(ROOT, 'resources'));
  });

  it('points at a real 512x512 PNG icon', () => {
    const png = readFileSync(path.join(ROOT, config.icon));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(existsSync(path.join(ROOT, config.linux.icon, '512x512.png'))).toBe(true);
  });

  it('is what `npm run dist` builds with, and dist never publishes', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder --config electron-builder\.yml/);
    expect(pkg.scripts.dist).toContain('--publish never');
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect in the shipped binary; asar only, integrity checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships no test tools: ws and playwright-core are development dependencies; the PIN hasher is the app\'s own', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const tool of ['ws', 'playwright-core', '@types/ws']) {
      expect(pkg.dependencies[tool], tool).toBeUndefined();
      expect(pkg.devDependencies[tool], tool).toBeDefined();
    }
    expect(pkg.dependencies['@node-rs/argon2']).toBeDefined();
  });
});
