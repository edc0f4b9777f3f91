-- Every index is written again at each commit that changes its rows, and a turn takes three commits.
-- turn_created_usage (V6) repeated turn_created (V3): the same column, the same order.
DROP INDEX turn_created_usage;
