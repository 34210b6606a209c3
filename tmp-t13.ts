import { readFileSync } from 'node:fs';
import { parseImage } from './main/sff/image-file';
import { decodeModule } from './main/sff/index';
const p = parseImage(readFileSync(process.argv[2]!));
console.log(p.format, p.variant, p.notes, p.bytes.length);
const m = decodeModule(p.bytes);
console.log(JSON.stringify(m, null, 1));
