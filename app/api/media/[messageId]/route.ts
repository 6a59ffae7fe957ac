import { z } from 'zod';
import { withUser } from '@/lib/http/with-user';
import { fetchInboundMedia } from '@/lib/whatsapp/media';

export const dynamic = 'force-dynamic';

// GET /api/media/:messageId - a candidate's photo, document or voice note, for signed-in users
export const GET = withUser(
  async ({ params }) => {
    const file = await fetchInboundMedia(params.messageId);
    return new Response(file.body, { status: 200, headers: file.headers });
  },
  { params: z.object({ messageId: z.uuid() }), notFound: 'This message has no file.' },
);
