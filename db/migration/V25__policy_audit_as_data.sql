-- Each audited policy change as data (the setting, its old and new value, the scope of defaults), a JSON document
-- the bot words in each reader's language. setting / old_value / new_value keep a plain rendering beside it for
-- whoever reads the table itself (an operator, an instance not yet upgraded). Rows from before this have no change_json:
-- they are read as the English they were stored in.
ALTER TABLE policy_audit ADD COLUMN change_json VARCHAR(20000);
