package io.statxplore.examples; final class Placeholder {}
