package io.statxplore.superstar; final class Placeholder {}
