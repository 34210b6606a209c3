// File IO for module images: the only module in main/sff that touches node:*. Parsing and
// formatting are pure and live in image-text.ts / format-text.ts; they are re-exported here.
import { readFile } from 'node:fs/promises';
import { BenchError } from '../errors';
import { parseImage, type ParsedImage } from './image-text';

export { formatEthtoolHex, formatImageText, parseImage, type ImageFormat, type ImageVariant, type ParsedImage } from './image-text';
export { formatModuleText } from './format-text';

/** Read and parse an image file. Throws FILE_NOT_FOUND / FILE_UNREADABLE naming the path. */
export async function loadImageFile(path: string): Promise<ParsedImage & { path: string }> {
  let content: Uint8Array;
  try {
    content = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BenchError('FILE_NOT_FOUND', `no such file: ${path}`, { path });
    throw new BenchError('FILE_UNREADABLE', `cannot read ${path}: ${code ?? String(e)}`, { path });
  }
  const parsed = parseImage(new Uint8Array(content.buffer, content.byteOffset, content.byteLength));
  return { ...parsed, path };
}
