//! Graph formats, CSR, generators and BFS for grosr (being built).
