// The simulated gateway's check-in (XML0, QĐ 4750): both resource paths, form or JSON bodies, the
// token in headers, fileHSBase64 decoded, the fields checked, the signature verified against the
// certificates the facility "registered on the portal" (gateway-sim --cert), MA_LK never twice.
// No official error list exists (docs/research/checkin-xml0.md): the refusals below are this
// simulator's, in the gateway's shape; some come as maKetQua 200 with a thongDiep, which is why a
// client must treat only an empty or "Tiếp nhận thành công" thongDiep as accepted ([INV]).

import { randomUUID, X509Certificate } from 'node:crypto';
import type { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import type { SignedXml as XmlSignedXml } from 'xml-crypto';
import { CHECKIN_ACCEPTED_TEXT } from '../../../protocols/bhxh-gateway/check-in.ts';

// The XML libraries load at the first check-in: the embedded simulator of `npm start` never pays for them.
type XmlLibs = { DOMParser: typeof XmlDomParser; SignedXml: typeof XmlSignedXml };
let libs: Promise<XmlLibs> | null = null;
const xmlLibs = (): Promise<XmlLibs> =>
  (libs ??= Promise.all([import('@xmldom/xmldom'), import('xml-crypto')]).then(([x, c]) => ({ DOMParser: x.DOMParser, SignedXml: c.SignedXml })));

export interface CheckinRecord {
  readonly maGiaoDich: string;
  readonly receivedAt: string;
  readonly maKetQua: string;
  readonly thongDiep: string;
  /** The decoded XML0 document. */
  readonly xml: string;
}

export interface CheckinAnswer {
  maKetQua: string;
  maGiaoDich: string;
  thoiGianTiepNhan: string;
  thongDiep: string;
}

// Name:max length, in the table's order (the simulator's own reading of the QĐ 4750 table).
const TABLE =
  'MA_LK:100 STT:10 MA_BN:100 HO_TEN:255 SO_CCCD:15 NGAY_SINH:12 GIOI_TINH:1 MA_THE_BHYT:15 MA_DKBD:5 GT_THE_TU:8 GT_THE_DEN:8 ' +
  'MA_DOITUONG_KCB:4 NGAY_VAO:12 NGAY_VAO_NOI_TRU:12 LY_DO_VNT:1024 MA_LY_DO_VNT:5 MA_LOAI_KCB:2 MA_CSKCB:5 MA_DICH_VU:50 ' +
  'TEN_DICH_VU:1024 MA_THUOC:255 TEN_THUOC:1024 MA_VAT_TU:255 TEN_VAT_TU:1024 NGAY_YL:12 DU_PHONG:1024';
const COLUMNS = TABLE.split(' ').map((c) => {
  const [name, max] = c.split(':');
  return { name: name!, max: Number(max) };
});
const SHAPES: Record<string, RegExp> = {
  NGAY_SINH: /^\d{12}$/,
  NGAY_VAO: /^\d{12}$/,
  GIOI_TINH: /^[123]$/,
  SO_CCCD: /^(\d{12})?$/,
  GT_THE_TU: /^(\d{8})?$/,
  GT_THE_DEN: /^(\d{8})?$/,
  MA_CSKCB: /^.{1,5}$/,
};
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

/** yyyyMMddHHmmss in Vietnam time. */
function gatewayTime(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const derOf = (pem: string): string => new X509Certificate(pem).raw.toString('base64');

export class CheckinDesk {
  readonly records: CheckinRecord[] = [];
  readonly #certs = new Set<string>();
  readonly #accepted = new Set<string>();

  constructor(private readonly now: () => number) {}

  registerCertificate(pem: string): void {
    this.#certs.add(derOf(pem));
  }

  async receive(fileHSBase64: string | undefined): Promise<CheckinAnswer> {
    const xml = Buffer.from(fileHSBase64 ?? '', 'base64').toString('utf8');
    const refusal = this.#refusal(xml, await xmlLibs());
    const at = this.now();
    const answer: CheckinAnswer = refusal
      ? { maKetQua: refusal.code, maGiaoDich: '', thoiGianTiepNhan: gatewayTime(at), thongDiep: refusal.text }
      : { maKetQua: '200', maGiaoDich: randomUUID(), thoiGianTiepNhan: gatewayTime(at), thongDiep: CHECKIN_ACCEPTED_TEXT };
    this.records.push({ maGiaoDich: answer.maGiaoDich, receivedAt: new Date(at).toISOString(), maKetQua: answer.maKetQua, thongDiep: answer.thongDiep, xml });
    return answer;
  }

  #refusal(xml: string, { DOMParser, SignedXml }: XmlLibs): { code: string; text: string } | null {
    let doc: Document;
    try {
      doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml') as unknown as Document;
    } catch {
      return { code: '400', text: 'Tệp hồ sơ không phải XML hợp lệ' };
    }
    const row = doc.getElementsByTagName('TRANG_THAI_KCB')[0];
    if (!doc.documentElement || doc.documentElement.nodeName !== 'CHI_TIEU_TRANG_THAI_KCB' || !row)
      return { code: '400', text: 'Sai cấu trúc bảng chỉ tiêu XML0' };
    const fields = [...(row.childNodes as unknown as Iterable<Node>)].filter((n) => n.nodeType === 1) as Element[];
    for (const [i, col] of COLUMNS.entries()) {
      const el = fields[i];
      if (!el || el.nodeName !== col.name) return { code: '400', text: `Thiếu hoặc sai thứ tự trường ${col.name}` };
      const value = el.textContent ?? '';
      if (value.length > col.max || (SHAPES[col.name] && !SHAPES[col.name]!.test(value)))
        return { code: '400', text: `Trường ${col.name} không đúng định dạng` };
    }
    const sig = this.#signature(xml, doc, SignedXml);
    if (sig) return sig;
    const maLk = fields[0]!.textContent ?? '';
    if (this.#accepted.has(maLk)) return { code: '200', text: `MA_LK ${maLk} đã tồn tại trên hệ thống` };
    this.#accepted.add(maLk);
    return null;
  }

  #registered(pem: string): boolean {
    try {
      return this.#certs.has(derOf(pem));
    } catch {
      return false; // not a certificate at all
    }
  }

  #signature(xml: string, doc: Document, SignedXml: XmlLibs['SignedXml']): { code: string; text: string } | null {
    const node = doc.getElementsByTagNameNS(DSIG, 'Signature')[0];
    if (!node || node.parentNode?.nodeName !== 'CHUKYDONVI') return { code: '200', text: 'Hồ sơ chưa được ký số (CHUKYDONVI)' };
    const keyInfo = node.getElementsByTagNameNS(DSIG, 'KeyInfo')[0];
    const pem = SignedXml.getCertFromKeyInfo(keyInfo);
    if (!pem || !this.#registered(pem)) return { code: '403', text: 'Chứng thư số chưa được đăng ký trên Cổng tiếp nhận' };
    const check = new SignedXml({ publicCert: pem });
    check.loadSignature(node);
    let valid: boolean;
    try {
      valid = check.checkSignature(xml);
    } catch {
      valid = false; // a signature xml-crypto cannot even read
    }
    return valid ? null : { code: '200', text: 'Chữ ký số không hợp lệ' };
  }
}
