// Every test process runs with NODE_ENV=test (response validation on, logs silent by default).
process.env.NODE_ENV = 'test';
