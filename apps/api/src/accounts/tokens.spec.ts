import { signToken, verifyToken } from './tokens';

describe('socket tokens', () => {
  const secret = 'test-secret-0123456789';
  it('round-trips a unit and a console principal', () => {
    expect(verifyToken(secret, signToken(secret, { kind: 'unit', unitId: 7 }, 60))).toMatchObject({ kind: 'unit', unitId: 7 });
    expect(verifyToken(secret, signToken(secret, { kind: 'console', user: 'nc-dispatch', jurisdiction: 360100 }, 60))).toMatchObject({
      kind: 'console',
      user: 'nc-dispatch',
      jurisdiction: 360100,
    });
    const account = { userId: 3, role: 'dispatcher' as const, sid: 's-1' };
    expect(verifyToken(secret, signToken(secret, { kind: 'console', user: 'nc', jurisdiction: 360100, account }, 60))).toMatchObject({ account });
    // an account of an unknown role is not carried
    expect(
      verifyToken(secret, signToken(secret, { kind: 'console', user: 'nc', jurisdiction: 360100, account: { ...account, role: 'root' as 'admin' } }, 60)),
    ).not.toHaveProperty('account');
  });
  it('refuses tampered, foreign, expired and garbage tokens', () => {
    const t = signToken(secret, { kind: 'unit', unitId: 7 }, 60);
    const forged = `${Buffer.from(JSON.stringify({ kind: 'unit', unitId: 8, exp: 9e9 })).toString('base64url')}.${t.split('.')[1]}`;
    expect(verifyToken(secret, forged)).toEqual({ error: 'bad token signature' });
    expect(verifyToken('other-secret-0123456789', t)).toEqual({ error: 'bad token signature' });
    expect(verifyToken(secret, signToken(secret, { kind: 'unit', unitId: 7 }, 60, Date.now() - 120_000))).toEqual({ error: 'token expired' });
    for (const g of [undefined, '', 'x', 'a.b.c', 42, 'é.x']) expect(verifyToken(secret, g)).toHaveProperty('error');
  });
});
