package io.statxplore.core; final class Placeholder {}
