// Message type names a .proto declares (package-qualified), offered as suggestions: a light read
// of the source, not a parser — the console compiles the .proto and names what is wrong.
export function protoMessageTypes(proto: string): string[] {
  const source = proto.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(source)?.[1];
  const names: string[] = [];
  for (const m of source.matchAll(/\bmessage\s+(\w+)\s*\{/g)) names.push(pkg ? `${pkg}.${m[1]}` : m[1]);
  return names;
}
