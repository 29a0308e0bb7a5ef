export default async function globalTeardown(): Promise<void> {
  const engines = globalThis.__ENGINES__ ?? [];
  globalThis.__ENGINES__ = undefined;
  await Promise.all(engines.map((engine) => engine.stop()));
}
