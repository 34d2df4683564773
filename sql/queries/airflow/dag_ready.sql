-- Has the DAG processor stored the DAG, and what import errors are recorded?
SELECT
    EXISTS (SELECT 1 FROM serialized_dag WHERE dag_id = %(dag_id)s) AS parsed,
    (SELECT string_agg(filename || ': ' || stacktrace, E'\n') FROM import_error) AS import_errors
