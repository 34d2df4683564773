-- The trend-break tables are replaced whole, in the transaction that inserts the new rows. The lock lets readers
-- go on reading the previous rows while it is held, and makes a second writer wait for the first to commit.
LOCK TABLE reporting.chatgpt_trend_break, reporting.chatgpt_trend_break_placebo IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM reporting.chatgpt_trend_break;
DELETE FROM reporting.chatgpt_trend_break_placebo;
