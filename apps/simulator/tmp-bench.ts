import { run } from '/work/wt/interruptions/apps/simulator/bench/interruptions';
run((r) => console.log(JSON.stringify(r))).catch((e) => { console.error(e); process.exit(1); });
