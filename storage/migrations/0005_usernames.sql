-- Telegram @usernames as last seen, so an admin can grant a role by @username.
-- Stored lowercase without "@". A username can pass to another account, so only the account
-- that used it most recently keeps it (the unique index enforces one holder).
ALTER TABLE users ADD COLUMN username TEXT;
CREATE UNIQUE INDEX users_by_username ON users (username) WHERE username IS NOT NULL;
