// Prints one JSON object per line, one per benchmark. Filled in by the packages' benchmarks.
export {};
