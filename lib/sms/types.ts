/**
 * One interface for every way an SMS leaves the system. A provider never throws for a refused or failed
 * message: it answers { ok: false, error } with a reason the 督查工作通知 list can show.
 */
export interface SmsMessage {
  /** A normalised mainland number (normalizeMobile). */
  mobile: string;
  /** The rendered template text, without the signature. */
  text: string;
  /** 【渝中区督查室】: put in front of the text (gateways usually require a registered signature). */
  signature: string;
}

export interface SmsResult {
  ok: boolean;
  /** The gateway's message id, when it gives one. */
  providerId?: string;
  error?: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SmsResult>;
}

/** The text as it reaches the phone. */
export function smsContent(message: SmsMessage): string {
  return `${message.signature}${message.text}`;
}
