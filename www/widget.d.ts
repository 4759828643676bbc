// Types for widget.js, the <lead-scoring-sandbox> element (the package's
// `leadscore/widget` entry). Importing the module defines the element.
import type { ImportReport, Mapping, Summary } from '../pkg/leadscore.js';

/** One MQL as the element lists it, highest score first. */
export interface WidgetMql {
  id: string;
  name: string;
  company: string;
  score: number;
  crossed_at: string | null;
}

/** `mqlchange` detail: the MQL count and the lead ids that joined or left. */
export interface MqlChange {
  count: number;
  added: string[];
  removed: string[];
}

/** The element's own events (bubbling, composed). */
export interface WidgetEventMap {
  /** The element started; detail is the first summary (null when empty). */
  ready: CustomEvent<Summary | null>;
  scored: CustomEvent<Summary>;
  mqlchange: CustomEvent<MqlChange>;
  error: CustomEvent<{ message: string }>;
}

/**
 * The whole Leadscore UI as one element. Attributes: `model` (inline model
 * JSON), `model-url` (same origin), `sample="false"` (start empty),
 * `layout="full" | "compact"`, `as-of` (ISO 8601 time).
 */
export declare class LeadScoringSandbox extends HTMLElement {
  /** Settles once the engine worker runs and the first scoring is shown. */
  readonly ready: Promise<void>;
  /** Replaces the model (JSON text or object); rejects with the path of the first problem. */
  setModel(json: string | object): Promise<void>;
  /** The model as canonical JSON text. */
  getModel(): Promise<string>;
  importLeads(textOrBytes: string | Uint8Array | ArrayBuffer, mapping?: Mapping): Promise<ImportReport>;
  importActivities(textOrBytes: string | Uint8Array | ArrayBuffer, mapping?: Mapping): Promise<ImportReport>;
  setAsOf(iso: string): Promise<void>;
  /** Counts by status of what is on screen. */
  summary(): Promise<Summary>;
  mqls(): Promise<WidgetMql[]>;
  scoredCsv(): Promise<string>;

  addEventListener<K extends keyof WidgetEventMap>(
    type: K, listener: (this: LeadScoringSandbox, ev: WidgetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K, listener: (this: LeadScoringSandbox, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof WidgetEventMap>(
    type: K, listener: (this: LeadScoringSandbox, ev: WidgetEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K, listener: (this: LeadScoringSandbox, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'lead-scoring-sandbox': LeadScoringSandbox;
  }
}
