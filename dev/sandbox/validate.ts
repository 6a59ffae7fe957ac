// How the sandbox judges a POST /messages body: the checks the real Cloud API makes that
// matter to us, answered with the error codes the real API uses.
import { SANDBOX_TEMPLATES, bodyParameterCount, type SandboxTemplate } from './templates';

export interface Rejection {
  httpStatus: number;
  code: number;
  title: string;
  details: string;
}

export interface Accepted {
  to: string;
  type: string;
  template?: SandboxTemplate;
  /** Free-form message (not a template): needs the 24-hour window. */
  freeForm: boolean;
}

const invalid = (details: string): Rejection => ({ httpStatus: 400, code: 100, title: 'Invalid parameter', details });

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];

export function validateSend(body: any, templates: SandboxTemplate[] = SANDBOX_TEMPLATES): Rejection | Accepted {
  if (!body || typeof body !== 'object') return invalid('The request body must be a JSON object.');
  if (body.messaging_product !== 'whatsapp') return invalid('messaging_product must be "whatsapp".');
  // A BSUID may be addressed with `recipient` instead of `to`.
  const address = typeof body.to === 'string' && body.to.trim() !== '' ? body.to : body.recipient;
  if (typeof address !== 'string' || address.trim() === '') return invalid('The parameter to is required.');
  const callback = body.biz_opaque_callback_data;
  if (callback !== undefined && (typeof callback !== 'string' || callback.length > 512)) {
    return invalid('biz_opaque_callback_data must be a string of at most 512 characters.');
  }
  const to = address.replace(/^\+/, '');
  // Numbers the sandbox treats as not being on WhatsApp.
  if (!/^(\d{8,15}|[A-Z]{2}\.[A-Za-z0-9.]{1,140})$/.test(to) || to.startsWith('999')) {
    return {
      httpStatus: 400,
      code: 131026,
      title: 'Message undeliverable',
      details: 'The recipient is not a valid WhatsApp user.',
    };
  }
  const type = body.type ?? 'text';
  switch (type) {
    case 'text': {
      const text = body.text?.body;
      if (typeof text !== 'string' || text.length === 0) return invalid('text.body is required.');
      if (text.length > 4096) return invalid('text.body is longer than 4096 characters.');
      return { to, type, freeForm: true };
    }
    case 'interactive': {
      const interactive = body.interactive;
      if (!interactive?.body?.text) return invalid('interactive.body.text is required.');
      if (interactive.type === 'button') {
        const buttons = interactive.action?.buttons;
        if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
          return invalid('interactive.action.buttons must have 1 to 3 buttons.');
        }
        if (buttons.some((b: any) => !b?.reply?.id || !b?.reply?.title || b.reply.title.length > 20)) {
          return invalid('Each button needs reply.id and reply.title (at most 20 characters).');
        }
      } else if (interactive.type === 'list') {
        const sections = interactive.action?.sections;
        const rows = Array.isArray(sections) ? sections.flatMap((s: any) => (Array.isArray(s?.rows) ? s.rows : [])) : [];
        if (!interactive.action?.button || rows.length < 1 || rows.length > 10) {
          return invalid('A list needs action.button and 1 to 10 rows.');
        }
      } else if (interactive.type === 'location_request_message') {
        if (typeof interactive.body.text !== 'string' || interactive.body.text.length > 1024) {
          return invalid('interactive.body.text must be text of at most 1024 characters.');
        }
        if (interactive.action?.name !== 'send_location') return invalid('interactive.action.name must be "send_location".');
      } else {
        return invalid(`interactive.type ${JSON.stringify(interactive.type)} is not supported here.`);
      }
      return { to, type, freeForm: true };
    }
    case 'template': {
      const name = body.template?.name;
      const language = body.template?.language?.code;
      const template = templates.find((t) => t.name === name && t.language === language);
      if (!template || template.status !== 'approved') {
        return {
          httpStatus: 404,
          code: 132001,
          title: 'Template name does not exist in the translation',
          details: `template name (${name}) does not exist in ${language}`,
        };
      }
      const bodyParameters = (body.template.components ?? [])
        .filter((c: any) => c?.type === 'body')
        .flatMap((c: any) => (Array.isArray(c.parameters) ? c.parameters : []));
      if (bodyParameters.length !== bodyParameterCount(template)) {
        return {
          httpStatus: 400,
          code: 132000,
          title: 'Number of parameters does not match the expected number of params',
          details: `body: number of localizable_params (${bodyParameters.length}) does not match the expected number of params (${bodyParameterCount(template)})`,
        };
      }
      return { to, type, template, freeForm: false };
    }
    default: {
      if (!MEDIA_TYPES.includes(type)) return invalid(`Unsupported message type ${JSON.stringify(type)}.`);
      const media = body[type];
      if (!media || (!media.id && !media.link) || (media.id && media.link)) {
        return invalid(`${type} needs exactly one of id or link.`);
      }
      return { to, type, freeForm: true };
    }
  }
}
