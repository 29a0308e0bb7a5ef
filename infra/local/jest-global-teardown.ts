export default async function globalTeardown(): Promise<void> {
  await globalThis.__ENGINES__?.stop();
  globalThis.__ENGINES__ = undefined;
}
