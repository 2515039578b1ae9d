/**
 * What `tend preview --watch` passes between the server (the parent) and the renderer (a
 * child process built afresh from src/ and emails/ on every change, so that edited email
 * components are never served from the old module cache).
 */

/** A course as the preview's index lists it. */
export interface PreviewCourse {
  readonly id: string;
  readonly title: string;
  /** The course's role ids, then 'anyone' (a reader who chose none). */
  readonly roles: readonly string[];
  readonly messages: readonly { readonly slug: string; readonly label: string }[];
}

/** Why the content or the email components cannot be used: the loader's file, field and reason. */
export interface PreviewProblem {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
}

export interface RenderRequest {
  readonly id: number;
  readonly course: string;
  readonly slug: string;
  /** A role id, or 'anyone'. */
  readonly role: string;
  readonly discreet: boolean;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly from: string;
  readonly html: string;
  readonly text: string;
}

/** From the renderer: first `ready` or `broken`, then one `rendered` per request. */
export type RendererMessage =
  | { readonly type: 'ready'; readonly courses: readonly PreviewCourse[] }
  | { readonly type: 'broken'; readonly problem: PreviewProblem }
  | {
      readonly type: 'rendered';
      readonly id: number;
      readonly email: RenderedEmail | null;
      readonly problem?: PreviewProblem;
    };
