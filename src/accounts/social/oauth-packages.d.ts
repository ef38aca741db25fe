// Types for the OAuth packages that ship none (passport-kakao, passport-oauth2), limited
// to what this app uses. passport-naver-v2 ships its own types, which import these.

declare module 'passport-oauth2' {
  export interface StrategyOptions {
    authorizationURL: string;
    tokenURL: string;
    clientID: string;
    clientSecret: string;
    callbackURL?: string;
    scope?: string | string[];
    /** true: a random state per authorization, kept in the session under `sessionKey`. */
    state?: boolean;
    sessionKey?: string;
    customHeaders?: Record<string, string>;
  }

  export type VerifyCallback = (error: unknown, user?: unknown, info?: unknown) => void;

  /** The profile argument is whatever the provider strategy's userProfile() produced. */
  export type VerifyFunction = (accessToken: string, refreshToken: string, profile: unknown, done: VerifyCallback) => void;
}

declare module 'passport-kakao' {
  import { Strategy as PassportStrategy } from 'passport-strategy';
  import type { VerifyFunction } from 'passport-oauth2';

  export interface StrategyOptions {
    clientID: string;
    clientSecret: string;
    callbackURL: string;
    scope?: string | string[];
    state?: boolean;
    sessionKey?: string;
  }

  export class Strategy extends PassportStrategy {
    constructor(options: StrategyOptions, verify: VerifyFunction);
    name: string;
  }
}
