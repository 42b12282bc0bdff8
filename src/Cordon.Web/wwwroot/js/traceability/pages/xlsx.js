// Reads the first worksheet of an .xlsx workbook in the browser (a ZIP of XML parts), so that pasted or uploaded UIMs
// never leave the user's side. Inflation uses the browser's DecompressionStream('deflate-raw').

function u16(view, offset) { return view.getUint16(offset, true); }
function u32(view, offset) { return view.getUint32(offset, true); }

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The entries of a ZIP archive: name → function returning the uncompressed bytes. */
function entries(buffer) {
  const view = new DataView(buffer);
  let end = -1;
  for (let i = buffer.byteLength - 22; i >= Math.max(0, buffer.byteLength - 65557); i--) {
    if (u32(view, i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Error('Not an Excel workbook (.xlsx).');
  const count = u16(view, end + 10);
  let offset = u32(view, end + 16);
  const result = new Map();
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (u32(view, offset) !== 0x02014b50) throw new Error('Damaged workbook.');
    const method = u16(view, offset + 10);
    const size = u32(view, offset + 20);
    const nameLength = u16(view, offset + 28);
    const extraLength = u16(view, offset + 30);
    const commentLength = u16(view, offset + 32);
    const local = u32(view, offset + 42);
    const name = decoder.decode(new Uint8Array(buffer, offset + 46, nameLength));
    const dataStart = local + 30 + u16(view, local + 26) + u16(view, local + 28);
    const data = new Uint8Array(buffer, dataStart, size);
    result.set(name, () => (method === 8 ? inflate(data) : Promise.resolve(data)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return result;
}

function columnIndex(reference) {
  let index = 0;
  for (const ch of reference.replace(/[0-9]/g, '')) index = index * 26 + (ch.charCodeAt(0) - 64);
  return Math.max(0, index - 1);
}

/** Rows (arrays of cell texts) of the first worksheet. */
export async function readXlsxRows(buffer) {
  const zip = entries(buffer);
  const xml = async (name) => new DOMParser().parseFromString(new TextDecoder().decode(await zip.get(name)()), 'application/xml');
  const shared = [];
  if (zip.has('xl/sharedStrings.xml')) {
    const doc = await xml('xl/sharedStrings.xml');
    for (const si of doc.getElementsByTagName('si')) shared.push(Array.from(si.getElementsByTagName('t')).map(x => x.textContent).join(''));
  }
  const sheetName = zip.has('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : [...zip.keys()].filter(k => k.startsWith('xl/worksheets/') && k.endsWith('.xml')).sort()[0];
  if (!sheetName) throw new Error('The workbook has no worksheet.');
  const sheet = await xml(sheetName);
  const rows = [];
  for (const row of sheet.getElementsByTagName('row')) {
    const cells = [];
    for (const c of row.getElementsByTagName('c')) {
      const type = c.getAttribute('t');
      const v = c.getElementsByTagName('v')[0]?.textContent ?? '';
      const text = type === 's' ? (shared[Number(v)] ?? '') : type === 'inlineStr' ? Array.from(c.getElementsByTagName('t')).map(x => x.textContent).join('') : v;
      cells[columnIndex(c.getAttribute('r') || '')] = text;
    }
    rows.push(Array.from(cells, x => x ?? ''));
  }
  return rows;
}
