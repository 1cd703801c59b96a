-- Holds for the migrations of the run, not for the application afterwards.
SET statement_timeout = '98765ms';
