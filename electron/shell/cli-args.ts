// Command-line options of the desktop app. Electron and Chromium add switches of their own, so
// unknown arguments are ignored rather than rejected; a malformed value for ours is an error.
export interface ShellArgs {
  redis?: string;
}

export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const out: ShellArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === '--redis') value = argv[++i];
    else if (arg.startsWith('--redis=')) value = arg.slice('--redis='.length);
    else continue;
    if (!value || !/^rediss?:\/\//.test(value)) {
      throw new Error(`--redis needs a URL starting with redis:// or rediss://, got ${JSON.stringify(value ?? '')}`);
    }
    out.redis = value;
  }
  return out;
}
