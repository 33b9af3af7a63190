/**
 * Just enough multipart/form-data for the CSV upload form: text fields and files from a body
 * already read into a Buffer (size-limited by express.raw). The app's JSON and urlencoded
 * parsers stop at 100 kB and no upload library is installed; one form does not justify one.
 */
export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; data: Buffer }>;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartForm | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary || !Buffer.isBuffer(body)) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const form: MultipartForm = { fields: {}, files: {} };
  let start = body.indexOf(delimiter);
  if (start < 0) return null;
  for (;;) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return form; // closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) return null;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return null;
    const headers = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) form.files[name] = { filename, data };
      else form.fields[name] = data.toString('utf8');
    }
    start = next;
  }
}
