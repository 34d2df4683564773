-- One reporting relation as CSV with a header; {relation} and {order_by} are composed as identifiers/positions.
COPY (SELECT * FROM reporting.{relation} ORDER BY {order_by}) TO STDOUT WITH (FORMAT csv, HEADER true)
