export type ElectronBinary = { found: true; path: string; source: string } | { found: false; reason: string };

export function platformExecutable(platform: string): string;

export function findElectronBinary(opts?: {
  env?: Record<string, string | undefined>;
  platform?: string;
  /** The electron package directory (tests); default: resolved from fromDir or the cwd. */
  packageDir?: string;
  fromDir?: string;
}): ElectronBinary;
