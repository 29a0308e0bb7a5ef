/** `pnpm infra:template`: regenerates infra/aws/spot-provisioner.template.json from the table definitions. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderTemplate } from './template';

const target = path.join(__dirname, 'spot-provisioner.template.json');
writeFileSync(target, renderTemplate());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
