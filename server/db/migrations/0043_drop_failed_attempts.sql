-- failed_attempts (0000) has been neither read nor written since sign-in limits moved to sign_in_limits:
-- the release before does not use it, so it goes, with the usernames and addresses it may still hold.
DROP TABLE IF EXISTS "failed_attempts";
