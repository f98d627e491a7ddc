CREATE TABLE `assignment` (
	`user_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `organisation_id`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `attachment` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text,
	`size` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attachment_entry` ON `attachment` (`entry_id`);--> statement-breakpoint
CREATE TABLE `attachment_chunk` (
	`attachment_id` text NOT NULL,
	`position` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`attachment_id`, `position`),
	FOREIGN KEY (`attachment_id`) REFERENCES `attachment`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`previous_hash` blob NOT NULL,
	`hash` blob NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_event_subject` ON `audit_event` (`subject`,`id`);--> statement-breakpoint
CREATE TABLE `case_key` (
	`case_id` text NOT NULL,
	`holder` text NOT NULL,
	`kind` text NOT NULL,
	`sealed_key` blob NOT NULL,
	PRIMARY KEY(`case_id`, `holder`, `kind`),
	FOREIGN KEY (`case_id`) REFERENCES `case`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `case_tombstone` (
	`case_id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`acknowledge_by` integer NOT NULL,
	`feedback_by` integer NOT NULL,
	`acknowledged_at` integer,
	`feedback_given_at` integer,
	`closed_at` integer,
	`acknowledgement_met` integer,
	`feedback_met` integer,
	`status` text NOT NULL,
	`outcome` text,
	`submitted_via` text NOT NULL,
	`purged_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_tombstone_organisation` ON `case_tombstone` (`organisation_id`,`closed_at`);--> statement-breakpoint
CREATE TABLE `digest_sent` (
	`week` text NOT NULL,
	`user_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`week`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `entry` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`author` text NOT NULL,
	`seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	`nonce` blob NOT NULL,
	`ciphertext` blob NOT NULL,
	`answers` text,
	FOREIGN KEY (`case_id`) REFERENCES `case`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `entry_case` ON `entry` (`case_id`,`seq`);--> statement-breakpoint
CREATE INDEX `entry_answers` ON `entry` (`answers`);--> statement-breakpoint
CREATE TABLE `instance` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`contact_email` text,
	`default_locale` text NOT NULL,
	`default_profile` text NOT NULL,
	`recovery_public_key` blob,
	`logo` blob,
	`logo_type` text,
	`server_secret` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invitation` (
	`token_hash` blob PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`pending_totp_secret` blob
);
--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`display_name` text,
	`profile` text NOT NULL,
	`timezone` text NOT NULL,
	`locales` text NOT NULL,
	`procedure_markdown` text DEFAULT '' NOT NULL,
	`retention_days` integer NOT NULL,
	`auto_acknowledge` integer DEFAULT true NOT NULL,
	`acknowledgement_text` text,
	`code_salt` blob NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_slug_unique` ON `organisation` (`slug`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`sent_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`sent_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `reminder_sent` (
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`step` text NOT NULL,
	`due_by` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `kind`, `step`, `due_by`),
	FOREIGN KEY (`case_id`) REFERENCES `case`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `case` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`lookup_verifier` blob NOT NULL,
	`reporter_public_key` blob NOT NULL,
	`received_at` integer NOT NULL,
	`acknowledge_by` integer NOT NULL,
	`feedback_by` integer NOT NULL,
	`acknowledged_at` integer,
	`feedback_given_at` integer,
	`feedback_extended_at` integer,
	`closed_at` integer,
	`status` text DEFAULT 'received' NOT NULL,
	`outcome` text,
	`purge_after` integer,
	`submitted_via` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_lookup_verifier` ON `case` (`lookup_verifier`);--> statement-breakpoint
CREATE INDEX `case_organisation` ON `case` (`organisation_id`,`status`);--> statement-breakpoint
CREATE INDEX `case_next_due` ON `case` ((case "status" when 'received' then "acknowledge_by" when 'acknowledged' then "feedback_by" when 'in_follow_up' then "feedback_by" else 8640000000000000 end),`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `case_purge_due` ON `case` (`purge_after`);--> statement-breakpoint
CREATE TABLE `session` (
	`token_hash` blob PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_user` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `setup_token` (
	`token_hash` blob PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`pending_totp_secret` blob
);
--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`locale` text,
	`auth_verifier` blob,
	`kdf_salt` blob,
	`kdf_ops_limit` integer,
	`kdf_mem_limit` integer,
	`public_key` blob,
	`encrypted_secret_key` blob,
	`totp_secret` blob,
	`totp_last_step` integer,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`disabled_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);