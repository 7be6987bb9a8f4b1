"""Language tools the knowledge and the answering share: tokens, stems, numbers and common words."""
