import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../../accounts/accounts.js';
import { base62Length, encodeBase62 } from '../../accounts/base62.js';
import { hashPassword } from '../../accounts/passwords.js';
import { normalizeEmail, ROLES, type MemberRecord, type Role } from '../../accounts/users-repository.js';
import { AppError } from '../../errors/app-error.js';
import { requireWorkspace } from '../principal.js';
import { parseBody } from './parse-body.js';
import { requireOwner } from './require-owner.js';
import { ADDED_MEMBER, MEMBER, MEMBERS_PAGE } from '../schemas/account-schemas.js';
import { idParams, jsonBody, NO_CONTENT } from '../schemas/json-schema.js';

const AddBody = z.object({ email: z.string().min(1).max(254), role: z.enum(ROLES).optional() }).strict();
const ADD_FIELDS = { email: 'an email address', role: '"owner" or "member"' };
const RoleBody = z.object({ role: z.enum(ROLES) }).strict();
const ROLE_FIELDS = { role: '"owner" or "member"' };
const GENERATED_PASSWORD_BYTES = 12;
const USER_PARAMS = idParams('userId', 'a member\'s user id');
/** For the document: parseBody checks the bodies with the field messages above. */
const role = { type: 'string', enum: [...ROLES], description: ROLE_FIELDS.role };
const ADD_BODY = jsonBody({ email: { type: 'string', description: ADD_FIELDS.email }, role: { ...role, description: `${ROLE_FIELDS.role} (default "member")` } }, ['email']);
const ROLE_BODY = jsonBody({ role }, ['role']);

function memberJson(member: MemberRecord): Record<string, unknown> {
  return { userId: member.userId, email: member.email, role: member.role, addedAt: member.addedAt };
}

/**
 * Workspace members (owners manage, everyone with a workspace credential may list):
 * `GET /api/members`, `POST /api/members` (adds an existing user, or creates one with a password shown
 * once), `PATCH /api/members/{userId}` (role), `DELETE /api/members/{userId}` (signs them out of it too).
 * A workspace always keeps at least one owner.
 */
export function registerMembersRoutes(app: FastifyInstance, accounts: Accounts): void {
  const find = async (workspaceId: string, userId: string): Promise<{ member: MemberRecord; members: readonly MemberRecord[] }> => {
    const members = await accounts.users.listMembers(workspaceId);
    const member = members.find((candidate) => candidate.userId === userId);
    if (member === undefined) throw new AppError('not_found', `No member ${userId} in this workspace`);
    return { member, members };
  };
  const assertAnotherOwner = (members: readonly MemberRecord[], userId: string, what: string) => {
    if (!members.some((m) => m.role === 'owner' && m.userId !== userId)) {
      throw new AppError('conflict', `${what} would leave the workspace without an owner; make someone else an owner first`);
    }
  };

  app.get('/api/members', { schema: { summary: 'The workspace\'s members', tags: ['accounts'], response: { 200: MEMBERS_PAGE } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const members = await accounts.users.listMembers(workspaceId);
    const you = request.principal.kind === 'session' ? request.principal.userId : null;
    return reply.header('cache-control', 'no-store').send({ items: members.map(memberJson), you });
  });

  const add = { summary: 'Add a member (creates the user, with a password shown once, when the address is new; owners only)', tags: ['accounts'], response: { 201: ADDED_MEMBER } };
  app.post('/api/members', { schema: add, config: { openapi: { body: ADD_BODY } } }, async (request, reply) => {
    const workspaceId = await requireOwner(accounts, request.principal, 'add members');
    const body = parseBody(AddBody, request.body, ADD_FIELDS);
    const email = normalizeEmail(body.email);
    const role: Role = body.role ?? 'member';
    let user = await accounts.users.findByEmail(email);
    let password: string | null = null;
    if (user === null) {
      password = encodeBase62(randomBytes(GENERATED_PASSWORD_BYTES), base62Length(GENERATED_PASSWORD_BYTES));
      // A concurrent add of the same address creates it once; this one then adds the existing user.
      const created = await accounts.users.createUser({ email, passwordHash: await hashPassword(password) });
      if (created === null) password = null;
      user = await accounts.users.findByEmail(email);
      if (user === null) throw new AppError('internal_error', `The user ${email} vanished while being added`);
    } else if ((await accounts.users.memberships(user.id)).some((m) => m.workspaceId === workspaceId)) {
      throw new AppError('conflict', `${email} is already a member of this workspace`);
    }
    await accounts.users.addMembership(user.id, workspaceId, role);
    const { member } = await find(workspaceId, user.id);
    return reply
      .status(201)
      .header('cache-control', 'no-store')
      .send({ ...memberJson(member), ...(password === null ? {} : { password }) });
  });

  const change = { summary: 'Change a member\'s role (owners only)', tags: ['accounts'], params: USER_PARAMS, response: { 200: MEMBER } };
  app.patch<{ Params: { userId: string } }>('/api/members/:userId', { schema: change, config: { openapi: { body: ROLE_BODY } } }, async (request, reply) => {
    const workspaceId = await requireOwner(accounts, request.principal, 'change roles');
    const body = parseBody(RoleBody, request.body, ROLE_FIELDS);
    const { member, members } = await find(workspaceId, request.params.userId);
    if (member.role === 'owner' && body.role !== 'owner') assertAnotherOwner(members, member.userId, 'Making this owner a member');
    await accounts.users.setRole(member.userId, workspaceId, body.role);
    return reply.header('cache-control', 'no-store').send(memberJson({ ...member, role: body.role }));
  });

  const remove = { summary: 'Remove a member and sign them out of the workspace (owners only)', tags: ['accounts'], params: USER_PARAMS, response: { 204: NO_CONTENT } };
  app.delete<{ Params: { userId: string } }>('/api/members/:userId', { schema: remove }, async (request, reply) => {
    const workspaceId = await requireOwner(accounts, request.principal, 'remove members');
    const { member, members } = await find(workspaceId, request.params.userId);
    if (member.role === 'owner') assertAnotherOwner(members, member.userId, 'Removing this owner');
    await accounts.users.removeMembership(member.userId, workspaceId);
    await accounts.sessions.deleteUserSessions(member.userId, workspaceId);
    return reply.status(204).send();
  });
}
