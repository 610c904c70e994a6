package io.statxplore.jdbc; final class Placeholder {}
