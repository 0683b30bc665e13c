-- two statements, one with a semicolon inside a string
CREATE TABLE items (id INT PRIMARY KEY, note VARCHAR(20));
INSERT INTO items (id, note) VALUES (1, 'a;b');
