"""module doc"""
